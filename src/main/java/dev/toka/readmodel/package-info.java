/**
 * Read models: query-shaped tables kept by queued projections of the log with Hibernate ORM Panache, each
 * with its checkpoint committed in the same transaction as its rows (docs/architecture.md#read-models).
 * Never on the log's write path; the API's listings read them. Above orchestration and security, below api.
 */
package dev.toka.readmodel;
