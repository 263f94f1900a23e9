/**
 * The web console under {@code /console}: server-rendered pages (Qute and htmx) for operators and token
 * holders. It sits beside {@code dev.toka.api} at the top of the layers and decides nothing itself: every
 * page and action authenticates its session's credential through the security coordinator and reads or
 * acts through the same services as the REST API, so a credential sees and does exactly what its token
 * allows (docs/console.md).
 */
package dev.toka.console;
