/**
 * SSH test hosts for the end-to-end tests: each host is a Linux network namespace with its own
 * address, its own Unix user and a real OpenSSH {@code sshd}. The tests make and remove the hosts;
 * nothing here is shipped.
 */
package dev.jxdist.it.hosts;
