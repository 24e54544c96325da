package dev.jxdist.archfixture.plan;

/** Allowed: what schedulers may know. */
public final class Plan {
  /** Units in the plan. */
  public int units() {
    return 1;
  }
}
