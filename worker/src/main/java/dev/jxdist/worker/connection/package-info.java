/**
 * The worker's one gRPC stream to the coordinator: the channel (the one place transport security is
 * decided), the single outbound writer and the decoding of inbound commands. No test logic.
 */
package dev.jxdist.worker.connection;
