package dev.toka.security;

/**
 * What an approval capability is bound to: one approval of one tool call of one agent, identified by the
 * SHA-256 of the call's RFC 8785 canonical arguments. A call that differs in any of these cannot use it.
 *
 * @param approvalId      The approval.
 * @param agentId         The agent whose call was approved.
 * @param toolId          The tool.
 * @param argumentsSha256 Hex SHA-256 of the canonical arguments.
 */
public record ApprovalBinding(String approvalId, String agentId, String toolId, String argumentsSha256) {}
