/**
 * Checks of the recipes in deploy/ (systemd, container, kubernetes, ci): read as their tools read
 * them (a unit file, a Dockerfile, YAML), and every jxdist command in them parsed by the real CLI.
 */
package dev.jxdist.deploy.recipes;
