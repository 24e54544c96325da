/**
 * The run's configuration as immutable, validated records. Built once by the CLI (the only code
 * that knows picocli) and passed through constructors; nothing here reads files or the network.
 */
package dev.jxdist.coordinator.config;
