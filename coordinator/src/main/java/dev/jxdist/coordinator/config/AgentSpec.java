package dev.jxdist.coordinator.config;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of {@code --agents}: {@code HOST:PORT[*N|*auto]}, an agent ({@code jxdist agent}) and
 * how many of its slots the run asks for.
 *
 * @param address where the agent listens
 * @param slots how many slots to ask for; empty for {@code *auto} (as many as it has free)
 */
public record AgentSpec(HostPort address, OptionalInt slots) {

  private static final Pattern SPEC = Pattern.compile("^(?<address>.+?)(?:\\*(?<slots>[^*]*))?$");

  /**
   * Parses a comma-separated list.
   *
   * @param option names the source in error messages ({@code --agents})
   * @throws UsageException naming the entry and what is wrong with it
   */
  public static List<AgentSpec> parseList(String text, String option) {
    List<AgentSpec> specs = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      if (part.isBlank()) {
        throw new UsageException(
            option + " '" + text + "' has an empty entry; give HOST:PORT[*N|*auto],...");
      }
      specs.add(parse(part, option));
    }
    return List.copyOf(specs);
  }

  /**
   * Parses one entry.
   *
   * @throws UsageException naming the entry and what is wrong with it
   */
  public static AgentSpec parse(String spec, String option) {
    Matcher m = SPEC.matcher(spec.strip());
    if (!m.matches()) {
      throw new UsageException(option + " '" + spec + "' is not HOST:PORT[*N|*auto]");
    }
    HostPort address = HostPort.parse(option, m.group("address"));
    String n = m.group("slots");
    if (n == null) {
      return new AgentSpec(address, OptionalInt.of(1));
    }
    if (n.equals("auto")) {
      return new AgentSpec(address, OptionalInt.empty());
    }
    if (n.matches("\\d{1,4}")) {
      int slots = Integer.parseInt(n);
      if (slots >= 1 && slots <= HostSpec.MAX_WORKERS) {
        return new AgentSpec(address, OptionalInt.of(slots));
      }
    }
    throw new UsageException(
        option
            + " '"
            + spec.strip()
            + "' asks for '"
            + n
            + "' slots; give from 1 to "
            + HostSpec.MAX_WORKERS
            + ", or *auto");
  }

  @Override
  public String toString() {
    return address + "*" + (slots.isPresent() ? Integer.toString(slots.getAsInt()) : "auto");
  }
}
