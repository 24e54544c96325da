/**
 * The Maven core extension shipped in the distribution's {@code lib/maven}: it lets Maven find
 * jxdist's Maven plugin in the distribution instead of a repository. Nothing else of jxdist lives
 * here; the distribution's CLI and worker are the coordinator and worker modules.
 */
package dev.jxdist.deploy.maven;
