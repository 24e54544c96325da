/**
 * The content-addressed code store behind remote runs: hashing (with a cache), the manifest of what
 * a classpath and project directory need on a host, the blob store on that host, and the layout of
 * a session directory from it. Pure local file work; SSH upload and gRPC fetch live elsewhere.
 */
package dev.jxdist.common.sync;
