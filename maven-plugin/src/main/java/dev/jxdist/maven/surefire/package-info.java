/**
 * Surefire's configuration of one module as Surefire itself would see it: its parameters read from
 * the effective model (with Surefire's property fallbacks) and its {@code argLine} resolved and
 * split. Nothing here touches Maven's session or resolver.
 */
package dev.jxdist.maven.surefire;
