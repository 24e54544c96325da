package dev.jxdist.coordinator.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a recorded run ran where ({@code --replay REPORT.json}): for each module, each slot's units
 * in the order it ran them, every unit as the unique ids of what it selected (the JSON report's
 * {@code workers[].slot}, {@code module} and {@code units}). JVMs that filled one slot one after
 * another ({@code --fresh-jvm}) add up to that slot's list.
 */
public final class ReplayRecord {

  private final Path file;
  private final Map<String, Map<String, List<List<String>>>> byModule;
  private final Set<String> slots;

  private ReplayRecord(
      Path file, Map<String, Map<String, List<List<String>>>> byModule, Set<String> slots) {
    this.file = file;
    this.byModule = byModule;
    this.slots = slots;
  }

  /**
   * Reads the JSON report {@code file}.
   *
   * @throws UsageException naming the file if it cannot be read or records no units
   */
  public static ReplayRecord read(Path file) {
    JsonObject root;
    try {
      root =
          JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UsageException("--replay " + file + " cannot be read: " + e.getMessage());
    } catch (JsonParseException | IllegalStateException e) {
      throw new UsageException(
          "--replay " + file + " is not a jxdist JSON report (" + e.getMessage() + ")");
    }
    Map<String, Map<String, List<List<String>>>> byModule = new LinkedHashMap<>();
    Set<String> slots = new LinkedHashSet<>();
    JsonElement workers = root.get("workers");
    if (workers != null && workers.isJsonArray()) {
      for (JsonElement element : workers.getAsJsonArray()) {
        JsonObject worker = element.getAsJsonObject();
        JsonElement units = worker.get("units");
        if (units == null || !worker.has("slot") || !worker.has("module")) {
          continue;
        }
        String slot = worker.get("slot").getAsString();
        List<List<String>> list =
            byModule
                .computeIfAbsent(worker.get("module").getAsString(), m -> new LinkedHashMap<>())
                .computeIfAbsent(slot, s -> new ArrayList<>());
        for (JsonElement unit : units.getAsJsonArray()) {
          List<String> ids = new ArrayList<>();
          for (JsonElement id : (JsonArray) unit) {
            ids.add(id.getAsString());
          }
          list.add(List.copyOf(ids));
        }
        slots.add(slot);
      }
    }
    if (slots.isEmpty()) {
      throw new UsageException(
          "--replay "
              + file
              + " records no units per worker; give the --report-json of a jxdist run");
    }
    return new ReplayRecord(file, byModule, slots);
  }

  /** The report it was read from. */
  public Path file() {
    return file;
  }

  /** How many workers a replay needs: slots are {@code w1} to {@code wN}, this is N. */
  public int slotCount() {
    int max = 0;
    for (String slot : slots) {
      try {
        max = Math.max(max, Integer.parseInt(slot.substring(1)));
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        throw new UsageException(
            "--replay " + file + " names a worker slot '" + slot + "'; slots are w1, w2, ...");
      }
    }
    return max;
  }

  /** The units each slot ran for {@code module} (a suite id), in order; empty if none did. */
  public Map<String, List<List<String>>> unitsOf(String module) {
    return byModule.getOrDefault(module, Map.of());
  }
}
