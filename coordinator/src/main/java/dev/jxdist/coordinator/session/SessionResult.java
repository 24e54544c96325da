package dev.jxdist.coordinator.session;

import dev.jxdist.coordinator.report.RunReport;
import java.util.Optional;

/**
 * How a session ended.
 *
 * @param report every test's result, the workers and the counts (exit code included)
 * @param fatal why the run could not be carried out, if it could not (exit code 3)
 */
public record SessionResult(RunReport report, Optional<String> fatal) {}
