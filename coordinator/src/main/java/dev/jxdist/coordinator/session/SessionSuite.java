package dev.jxdist.coordinator.session;

import dev.jxdist.common.wire.CoordinatorCommand;
import dev.jxdist.coordinator.config.SuiteSpec;

/**
 * A suite as the session runs it: the suite and what its workers are told.
 *
 * @param spec the suite (a module of the build)
 * @param configure how its workers set it up
 * @param discover what its workers discover
 */
public record SessionSuite(
    SuiteSpec spec, CoordinatorCommand.Configure configure, CoordinatorCommand.Discover discover) {}
