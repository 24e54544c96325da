/**
 * The command line: picocli commands that parse options into validated config records, start the
 * run, and map its outcome to an exit code. The only package that knows picocli.
 */
package dev.jxdist.coordinator.cli;
