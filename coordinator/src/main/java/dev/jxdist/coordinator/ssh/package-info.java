/**
 * SSH to the hosts of a host list: connecting with host key checks against known_hosts, running
 * commands (and, for bulk input, the same connection made again by the OpenSSH client), and
 * checking that a host can run workers. The only package that uses sshj or starts {@code ssh}; it
 * knows nothing of sessions, schedulers or picocli.
 */
package dev.jxdist.coordinator.ssh;
