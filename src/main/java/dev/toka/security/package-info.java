/**
 * The security layer's API, the only part of it other layers use: {@link dev.toka.security.SecurityPolicyCoordinator}
 * and the values it decides on ({@link dev.toka.security.Caller}, {@link dev.toka.security.Principal},
 * {@link dev.toka.security.Permissions}, {@link dev.toka.security.Target}, budgets and token requests), the refusals it
 * throws, its stored events ({@link dev.toka.security.SecurityEvents}), its configuration, the audit reader
 * the audit query shapes {@link dev.toka.security.AuditQueries} and the published {@link dev.toka.security.PublicKeys}.
 *
 * <p>The implementation sits in subpackages that depend on this one and never the other way round:
 * {@code keys}, {@code tokens}, {@code limits}, and {@code policy}, which holds the coordinator's implementation.
 */
package dev.toka.security;
