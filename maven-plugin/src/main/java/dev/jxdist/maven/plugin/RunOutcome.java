package dev.jxdist.maven.plugin;

import dev.jxdist.coordinator.report.ExitCode;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Turns the exit code of {@code jxdist run} into the build's outcome, as Surefire would: test
 * failures and an empty run fail the build (MojoFailureException); an interrupted run, an internal
 * error or a rejected command line are errors of the build itself (MojoExecutionException).
 */
final class RunOutcome {

  private RunOutcome() {}

  /**
   * Returns normally when the build should go on (all passed, or no tests while {@code
   * failIfNoTests} is false); throws otherwise.
   *
   * @param reports where the user finds the reports, for the failure message
   * @return whether tests ran (false for an allowed empty run)
   */
  static boolean check(int exitCode, boolean failIfNoTests, String reports)
      throws MojoFailureException, MojoExecutionException {
    switch (exitCode) {
      case ExitCode.PASSED:
        return true;
      case ExitCode.TESTS_FAILED:
        throw new MojoFailureException("There are test failures; see " + reports + ".");
      case ExitCode.NO_TESTS:
        if (failIfNoTests) {
          throw new MojoFailureException(
              "No tests were found in this build; set jxdist.failIfNoTests=false to let a build"
                  + " without tests pass.");
        }
        return false;
      case ExitCode.INTERRUPTED:
        throw new MojoExecutionException(
            "The jxdist run was interrupted before all tests ran (exit code 2); see the messages"
                + " above.");
      case ExitCode.INTERNAL_ERROR:
        throw new MojoExecutionException(
            "jxdist stopped on an internal error (exit code 3); the messages above say where.");
      case ExitCode.USAGE:
        throw new MojoExecutionException(
            "jxdist rejected the run's arguments (exit code 4); the message above names the"
                + " option or file at fault.");
      default:
        throw new MojoExecutionException(
            "jxdist ended with the unknown exit code " + exitCode + ".");
    }
  }
}
