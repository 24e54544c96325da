package dev.jxdist.coordinator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The coordinator's package rules, for a root package ({@code dev.jxdist.coordinator}; a test's
 * fixture packages show that each rule catches what it forbids). ARCHITECTURE.md says why each
 * holds.
 *
 * @param root the coordinator's root package
 * @param wire the one package that maps protocol messages ({@code dev.jxdist.common.wire})
 */
record PackageRules(String root, String wire) {

  /** The coordinator's own rules. */
  static final PackageRules COORDINATOR =
      new PackageRules("dev.jxdist.coordinator", "dev.jxdist.common.wire");

  /** Only the CLI knows picocli. */
  ArchRule picocliOnlyInCli() {
    return noClasses()
        .that()
        .resideOutsideOfPackage(root + ".cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .as("picocli is used only in " + root + ".cli");
  }

  /** Only the ssh package knows sshj. */
  ArchRule sshjOnlyInSsh() {
    return noClasses()
        .that()
        .resideOutsideOfPackage(root + ".ssh..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("net.schmizz..", "com.hierynomus..")
        .as("sshj is used only in " + root + ".ssh");
  }

  /** Schedulers are pure: they know the plan and nothing else of the coordinator, nor I/O. */
  ArchRule schedulerDependsOnlyOnPlan() {
    return classes()
        .that()
        .resideInAPackage(root + ".scheduler..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(root + ".scheduler..", root + ".plan..", "java.lang..", "java.util..")
        .as(root + ".scheduler depends only on " + root + ".plan (and java.lang, java.util)");
  }

  /** The session is the actor: it never reaches SSH, the code sync or the join machinery. */
  ArchRule sessionNeverOnSshSyncOrJoin() {
    return noClasses()
        .that()
        .resideInAPackage(root + ".session..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            root + ".ssh..", root + ".sync..", root + ".join..", root + ".machine..")
        .as(root + ".session never depends on ssh, sync, join or machine");
  }

  /** No two packages depend on each other, directly or through others. */
  ArchRule noPackageCycles() {
    return slices()
        .matching(root + ".(*)..")
        .should()
        .beFreeOfCycles()
        .as("the packages of " + root + " are free of cycles");
  }

  /**
   * Protocol types stay at the edge: the mapper in {@code wire}, and the classes that bind gRPC
   * streams ({@code remote}, {@code join}, {@code machine}); everything else speaks records.
   */
  ArchRule protoOnlyAtTheEdge() {
    return noClasses()
        .that()
        .resideOutsideOfPackages(
            wire + "..",
            "dev.jxdist.proto..",
            root + ".remote..",
            root + ".join..",
            root + ".machine..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.jxdist.proto..")
        .as("protocol types only in " + wire + " and the gRPC edge (remote, join, machine)");
  }

  /** The coordinator ships the worker as a file and never links its classes. */
  ArchRule neverLinksTheWorker() {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.jxdist.worker..")
        .as(root + " never links dev.jxdist.worker classes");
  }

  /** Every rule. */
  List<ArchRule> all() {
    return List.of(
        picocliOnlyInCli(),
        sshjOnlyInSsh(),
        schedulerDependsOnlyOnPlan(),
        sessionNeverOnSshSyncOrJoin(),
        noPackageCycles(),
        protoOnlyAtTheEdge(),
        neverLinksTheWorker());
  }
}
