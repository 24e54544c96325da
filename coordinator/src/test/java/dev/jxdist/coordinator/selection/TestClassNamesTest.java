package dev.jxdist.coordinator.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.coordinator.config.SuiteFilters;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.config.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --select-class} by simple name, and Surefire's failIfNoSpecifiedTests. */
class TestClassNamesTest {

  @TempDir Path classes;

  private SuiteSpec suite(String test, boolean required) throws IOException {
    for (String f :
        List.of(
            "shop/CartTest.class",
            "shop/OrderTest.class",
            "shop/pay/OrderTest.class",
            "shop/OuterTest$Inner.class")) {
      Files.createDirectories(classes.resolve(f).getParent());
      Files.writeString(classes.resolve(f), "");
    }
    SurefireParameters surefire = SurefireParameters.defaults(test);
    return new SuiteSpec(
        "fx:shop",
        "shop",
        List.of(classes),
        List.of(classes),
        classes,
        List.of(),
        Map.of(),
        Map.of(),
        SuiteFilters.surefire(surefire.selection("fx:shop"), test, required, List.of(), List.of()),
        Map.of(),
        classes.resolve("reports"),
        Optional.empty());
  }

  @Test
  void aUniqueSimpleNameIsEnoughAndAnAmbiguousOneNamesTheCandidates() throws IOException {
    List<SuiteSpec> suites = List.of(suite("", false));
    assertThat(TestClassNames.resolve("CartTest", suites)).isEqualTo("shop.CartTest");
    assertThat(TestClassNames.resolve("shop.pay.OrderTest", suites))
        .isEqualTo("shop.pay.OrderTest");
    assertThatThrownBy(() -> TestClassNames.resolve("OrderTest", suites))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("shop.OrderTest, shop.pay.OrderTest");
    assertThatThrownBy(() -> TestClassNames.resolve("NoTest", suites))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--select-class NoTest: no test class has this simple name");
    assertThatThrownBy(() -> TestClassNames.resolve("shop.NoTest", suites))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--select-class shop.NoTest: no such class");
  }

  @Test
  void specifiedTestsMustMatchAClassFileWhenSurefireWouldRequireIt() throws IOException {
    assertThat(SpecifiedTests.unmatched(suite("CartTest#nothingLikeThis", true))).isEmpty();
    assertThat(SpecifiedTests.unmatched(suite("Outer*$Inner", true))).isEmpty();
    assertThat(SpecifiedTests.unmatched(suite("NoSuchTest", false))).isEmpty();
    assertThat(SpecifiedTests.unmatched(suite("NoSuchTest, !CartTest", true)))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("No tests matching pattern \"NoSuchTest, !CartTest\"")
                    .contains("module fx:shop")
                    .contains("-Dsurefire.failIfNoSpecifiedTests=false"));
  }
}
