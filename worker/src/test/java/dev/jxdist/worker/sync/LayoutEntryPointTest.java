package dev.jxdist.worker.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.wire.WorkerBootstrap;
import org.junit.jupiter.api.Test;

/** The coordinator starts the layout by the name the bootstrap contract gives it. */
class LayoutEntryPointTest {

  @Test
  void theContractNamesThisClass() {
    assertThat(WorkerBootstrap.LAYOUT_MAIN).isEqualTo(LayoutCommand.class.getName());
  }
}
