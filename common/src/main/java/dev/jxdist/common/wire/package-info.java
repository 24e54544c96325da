/**
 * The protocol as Java records ({@link dev.jxdist.common.wire.WorkerEvent},
 * {@link dev.jxdist.common.wire.CoordinatorCommand}) and the one mapper to and from the generated
 * protobuf messages. Nothing outside this package touches a protobuf builder.
 */
package dev.jxdist.common.wire;
