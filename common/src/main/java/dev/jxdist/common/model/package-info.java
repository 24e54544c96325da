/**
 * Plain records describing tests and their outcomes, shared by the worker and the coordinator.
 * Nothing here knows about protobuf or gRPC.
 */
package dev.jxdist.common.model;
