/**
 * The protocols as Java records and the mappers to and from the generated protobuf messages: the
 * worker protocol ({@link dev.jxdist.common.wire.WorkerEvent}, {@link
 * dev.jxdist.common.wire.CoordinatorCommand}; {@link dev.jxdist.common.wire.ProtoMapper}) and the
 * join protocol ({@link dev.jxdist.common.wire.JoinerEvent}, {@link
 * dev.jxdist.common.wire.JoinDirective}, blobs; {@link dev.jxdist.common.wire.JoinMapper}). Nothing
 * outside this package touches a protobuf builder. Beside them, the transport's shared settings
 * ({@link dev.jxdist.common.wire.GrpcDefaults}) and the event loops every channel and server owns
 * ({@link dev.jxdist.common.wire.EventLoops}).
 */
package dev.jxdist.common.wire;
