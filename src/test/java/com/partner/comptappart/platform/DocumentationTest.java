package com.partner.comptappart.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation cannot drift from the code: every configuration key, {@code server-config/}
 * path and ops call it names exists, every key the code reads is in the reference's table, and
 * every link between the documents leads to a file (and heading) that exists.
 */
class DocumentationTest {

  static final Path MANUAL = Path.of("src/site/markdown");
  static final Path REFERENCE = MANUAL.resolve("reference.md");

  static List<Path> documents() {
    List<Path> documents =
        new ArrayList<>(List.of(Path.of("README.md"), Path.of("server-config/README.md")));
    try (Stream<Path> pages = Files.list(MANUAL)) {
      pages.filter(page -> page.toString().endsWith(".md")).sorted().forEach(documents::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> sources(String root, String suffix) {
    try (Stream<Path> files = Files.walk(Path.of(root))) {
      return files.filter(file -> file.toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every text in src/main and server-config that names a key (string literals and settings). */
  static String mainTexts() {
    StringBuilder all = new StringBuilder();
    for (String root : List.of("src/main", "server-config")) {
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        files.filter(Files::isRegularFile).forEach(file -> all.append(read(file)).append('\n'));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all.toString();
  }

  /** A configuration key named in prose: not a package name ({@code com.partner.comptappart.x}). */
  static final Pattern KEY =
      Pattern.compile("(?<![\\w.-])comptappart\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)*");

  @Test
  void everyConfigurationKeyTheDocumentsNameIsReadByTheCode() {
    String code = mainTexts();
    Map<String, String> unknown = new TreeMap<>();
    for (Path document : documents()) {
      Matcher key = KEY.matcher(read(document));
      while (key.find()) {
        String name = key.group();
        // "comptappart.retention.*" names a family: some key must start with it.
        boolean family = read(document).startsWith(".*", key.end());
        if (!(family ? code.contains("\"" + name + ".") : code.contains(name))) {
          unknown.put(name, document.toString());
        }
      }
    }
    assertEquals(Map.of(), unknown, "keys the documents name that no code or setting reads");
  }

  /** The keys the code reads through MicroProfile Config, as named in its source. */
  static Set<String> keysTheCodeReads() {
    Set<String> keys = new TreeSet<>();
    Pattern injected = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    Pattern looked =
        Pattern.compile(
            "get(?:Optional)?Values?\\(\\s*\"([^\"]+)\"|getConfigValue\\(\\s*\"([^\"]+)\"");
    Pattern constant =
        Pattern.compile("static final String (\\w+)\\s*=\\s*\"(comptappart\\.[^\"]+)\"");
    for (Path source : sources("src/main/java", ".java")) {
      String text = read(source);
      for (Pattern pattern : List.of(injected, looked)) {
        Matcher found = pattern.matcher(text);
        while (found.find()) {
          keys.add(found.group(1) != null ? found.group(1) : found.group(2));
        }
      }
      Matcher named = constant.matcher(text);
      while (named.find()) {
        Pattern read =
            Pattern.compile(
                "(?:get(?:Optional)?Values?|getConfigValue|ConfiguredSecrets\\.of)\\([^;]*\\b"
                    + named.group(1)
                    + "\\b");
        if (read.matcher(text).find()) {
          keys.add(named.group(2));
        }
      }
    }
    keys.removeIf(key -> !key.startsWith("comptappart.") && !key.startsWith("mp."));
    return keys;
  }

  @Test
  void everyKeyTheCodeReadsIsInTheReference() {
    String reference = read(REFERENCE);
    Set<String> keys = keysTheCodeReads();
    List<String> missing =
        keys.stream().filter(key -> !reference.contains("`" + key + "`")).toList();
    assertEquals(List.of(), missing, "keys read by the code but not in " + REFERENCE);
    assertEquals(true, keys.size() > 25, "the keys were found: " + keys);
  }

  static final Pattern SERVER_CONFIG =
      Pattern.compile("(?<![\\w/.-])server-config/[A-Za-z0-9_./-]*");

  @Test
  void everyServerConfigPathTheDocumentsNameExists() {
    Map<String, String> missing = new TreeMap<>();
    for (Path document : documents()) {
      Matcher path = SERVER_CONFIG.matcher(read(document));
      while (path.find()) {
        String name = path.group().replaceAll("[.]+$", "");
        if (!Files.exists(Path.of(name))) {
          missing.put(name, document.toString());
        }
      }
    }
    assertEquals(Map.of(), missing, "server-config paths the documents name that do not exist");
  }

  static final Pattern OPS_CALL =
      Pattern.compile("/api/ops/[A-Za-z0-9_{}.…-]+(?:/[A-Za-z0-9_{}.…-]+)*");

  /** The ops API's paths, as JAX-RS serves them: {@code api/} + class path + method path. */
  static List<Pattern> opsPaths() {
    List<Pattern> paths = new ArrayList<>();
    Pattern path = Pattern.compile("@Path\\(\"([^\"]+)\"\\)");
    for (Path source : sources("src/main/java", ".java")) {
      String text = read(source);
      int declaration = text.indexOf(" class ");
      Matcher found = path.matcher(text);
      String base = null;
      while (found.find()) {
        if (found.start() < declaration) {
          base = found.group(1);
          paths.add(template("api/" + base));
        } else if (base != null) {
          paths.add(template("api/" + base + "/" + found.group(1)));
        }
      }
    }
    return paths;
  }

  static Pattern template(String path) {
    return Pattern.compile(
        Pattern.quote("/" + path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q").replace("\\Q\\E", ""));
  }

  @Test
  void everyOpsCallTheDocumentsNameIsServed() {
    List<Pattern> served = opsPaths();
    Map<String, String> unknown = new TreeMap<>();
    for (Path document : documents()) {
      Matcher call = OPS_CALL.matcher(read(document));
      while (call.find()) {
        String name = call.group().replaceAll("[.]+$", "");
        if (served.stream().noneMatch(path -> path.matcher(name).matches())) {
          unknown.put(name, document.toString());
        }
      }
    }
    assertEquals(Map.of(), unknown, "ops calls the documents name that no resource serves");
    assertEquals(true, served.size() >= 8, "the resources were found: " + served);
  }

  @Test
  void theCommandsTheClusterProofRunsAreTheManualsAsWritten() {
    assertEquals(
        true,
        read(MANUAL.resolve("cluster.md"))
            .contains(
                com.partner.comptappart.platform.boundary.PayaraServerClusterIT
                    .MOVE_OFF_THE_DOMAIN_SERVER),
        "cluster.md's step 4 is the command PayaraServerClusterIT runs");
  }

  static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  /** Each page of the manual says first whom it is for (README: who reads which page). */
  @Test
  void everyPageOfTheManualStartsWithItsReaders() {
    List<String> without =
        documents().stream()
            .filter(document -> document.startsWith(MANUAL))
            .filter(
                document -> read(document).lines().limit(4).noneMatch(l -> l.startsWith("For: ")))
            .map(Path::toString)
            .toList();
    assertEquals(List.of(), without, "pages without a 'For: ' line under their title");
  }

  @Test
  void everyLinkBetweenTheDocumentsWorks() {
    Map<String, String> broken = new TreeMap<>();
    for (Path document : documents()) {
      Matcher link = LINK.matcher(read(document));
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue; // another site: not ours to check here
        }
        String[] fileAndAnchor = target.split("#", 2);
        Path file =
            fileAndAnchor[0].isEmpty()
                ? document
                : document.resolveSibling(fileAndAnchor[0]).normalize();
        // The manual's pages link each other as the HTML that mvn site makes of them.
        if (file.startsWith(MANUAL) && file.toString().endsWith(".html")) {
          file = Path.of(file.toString().replaceAll("\\.html$", ".md"));
        }
        // ... and its images as mvn site copies them from src/site/resources.
        if (file.startsWith(MANUAL) && !Files.exists(file)) {
          file = MANUAL.resolveSibling("resources").resolve(MANUAL.relativize(file));
        }
        if (!Files.exists(file)) {
          broken.put(target, document.toString());
        } else if (fileAndAnchor.length == 2 && !headingAnchors(file).contains(fileAndAnchor[1])) {
          broken.put(target, document + " (no such heading)");
        }
      }
    }
    assertEquals(Map.of(), broken, "links that lead nowhere");
  }

  /** The anchors a Markdown file's headings get: lower case, punctuation dropped, dashes. */
  static Set<String> headingAnchors(Path file) {
    Set<String> anchors = new TreeSet<>();
    if (!file.toString().endsWith(".md")) {
      return anchors;
    }
    for (String line : read(file).split("\n")) {
      if (line.startsWith("#")) {
        anchors.add(
            line.replaceFirst("^#+\\s*", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .trim()
                .replace(' ', '-'));
      }
    }
    return anchors;
  }
}
