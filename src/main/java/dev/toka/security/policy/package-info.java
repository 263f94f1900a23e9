/**
 * The implementation of {@link dev.toka.security.SecurityPolicyCoordinator}: it combines keys, tokens and limits
 * into decisions, validates token requests, appends the security stream and writes the audit trail of what it
 * allowed and refused. Nothing here is public; other code reaches it through the interface.
 */
package dev.toka.security.policy;
