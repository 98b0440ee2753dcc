package io.monocoque.samples.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The documentation shows what the tests run: the sample guide (docs/sample.md, linked from the
 * README) has the python clients verbatim (PythonClientsTests runs the files), and the README the
 * SAMPLE keys that the application and SecureQuotesTests use.
 */
class ReadmeTests {

    @Test
    void everyPythonClientIsInTheSampleGuideExactlyAsTheTestsRunIt() throws IOException {
        String guide = repositoryFile("docs", "sample.md");
        assertThat(readme()).as("the README links the sample guide").contains("(docs/sample.md)");
        List<Path> clients;
        try (Stream<Path> files = Files.list(PythonClients.clientsDirectory())) {
            clients = files.filter(f -> f.toString().endsWith(".py")).sorted().toList();
        }
        assertThat(clients).extracting(f -> f.getFileName().toString())
                .containsExactly("order.py", "prices.py", "quote.py", "secure_quote.py");
        for (Path client : clients) {
            String code = Files.readString(client, StandardCharsets.UTF_8).stripTrailing();
            assertThat(guide).as("docs/sample.md shows %s as it is", client.getFileName()).contains("```python\n" + code + "\n```");
        }
    }

    @Test
    void theReadmePrintsTheSampleKeysTheApplicationIsConfiguredWith() throws IOException {
        String readme = readme();
        assertThat(readme).contains(SampleKeys.SERVER_PUBLIC, SampleKeys.CLIENT_PUBLIC, SampleKeys.CLIENT_SECRET);
        String applicationYml = Files.readString(Path.of(System.getProperty("basedir", "."), "src", "main", "resources", "application.yml"));
        assertThat(applicationYml).contains("SAMPLE KEYS", SampleKeys.CLIENT_PUBLIC, SampleKeys.SERVER_PUBLIC);
    }

    private static String readme() throws IOException {
        return repositoryFile("README.md");
    }

    /** A file of the repository, whose root is next to monocoque-samples. */
    private static String repositoryFile(String first, String... more) throws IOException {
        Path file = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent().resolve(Path.of(first, more));
        assertThat(file).as("the repository's %s, next to monocoque-samples", file.getFileName()).isRegularFile();
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
