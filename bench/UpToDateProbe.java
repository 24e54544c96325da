import dev.jxdist.coordinator.selection.MavenBuild;
import dev.jxdist.coordinator.selection.MavenInvocation;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Run by bench/uptodate.sh with jxdist's jar on the class path: times MavenBuild.modules() on an
 * up-to-date project, in process, so that only the check is timed (no JVM start, no tests):
 * with the build check (what every --project run does) and without (--no-build: the kept answer
 * and its key only, which is all a run checked before). Prints "check-ms nobuild-ms" (medians).
 */
public class UpToDateProbe {
  public static void main(String[] args) {
    Path project = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    System.out.printf("%.1f %.1f%n", median(project, true, rounds), median(project, false, rounds));
  }

  private static double median(Path project, boolean build, int rounds) {
    new MavenBuild(project, MavenInvocation.none(), build).modules(); // warm-up; must not build
    double[] ms = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      new MavenBuild(project, MavenInvocation.none(), build).modules();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return rounds % 2 == 1 ? ms[rounds / 2] : (ms[rounds / 2 - 1] + ms[rounds / 2]) / 2;
  }
}
