/**
 * Files on this machine's disk that more than one process side handles alike: deleting a directory
 * tree without following its links, and reading the last lines of a log. No sync, no wire.
 */
package dev.jxdist.common.files;
