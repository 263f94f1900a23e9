/** Command-backed tools declared in YAML manifests, loaded from a directory and reloaded when it changes. */
package dev.toka.tools.yaml;
