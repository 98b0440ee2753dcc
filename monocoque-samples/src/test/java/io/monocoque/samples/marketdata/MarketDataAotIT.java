package io.monocoque.samples.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The sample as {@code spring-boot:process-aot} left it in the jar, started with
 * {@code -Dspring.aot.enabled=true} in a JVM of its own and driven from pyzmq: its sockets are
 * bound, its listeners answer, the template publishes and health shows the real endpoints,
 * exactly as without AOT. Runs after {@code package} (the {@code aot} surefire execution).
 */
class MarketDataAotIT {

    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private static final Pattern SOCKET_LINE = Pattern.compile("ZeroMQ socket '([^']+)' \\([^)]*\\) on (\\S+)");

    private static final Pattern HTTP_PORT = Pattern.compile("Tomcat started on port (\\d+)");

    private static final List<String> LOG = new CopyOnWriteArrayList<>();

    private static Process application;

    private static int httpPort;

    private static final Map<String, String> LOGGED_ENDPOINTS = new LinkedHashMap<>();

    @BeforeAll
    static void startTheAotProcessedJar() throws IOException {
        Path jar = Path.of(System.getProperty("basedir", "."), "target", "monocoque-samples.jar");
        assertThat(jar).as("the packaged sample (run after mvn package)").isRegularFile();
        // the jar must be the one process-aot fed: it carries the generated initializer
        assertThat(Path.of(System.getProperty("basedir", "."), "target", "spring-aot", "main", "sources", "io", "monocoque", "samples",
                "marketdata", "MarketDataApplication__ApplicationContextInitializer.java")).as("AOT sources").isRegularFile();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Dspring.aot.enabled=true", "-jar", jar.toString(),
                "--server.port=0", "--market-data.host=127.0.0.1", "--market-data.quotes-port=*", "--market-data.prices-port=*",
                "--market-data.orders-port=*", "--market-data.secure-quotes-port=*"));
        application = new ProcessBuilder(command).redirectErrorStream(true).start();
        application.getOutputStream().close();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(application.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null;) {
                    LOG.add(line);
                }
            } catch (IOException e) {
                LOG.add("(output unreadable: " + e + ")");
            }
        }, "aot-sample-output");
        reader.setDaemon(true);
        reader.start();

        try {
            await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(100)).until(() -> started() || !application.isAlive());
        } catch (ConditionTimeoutException e) {
            fail("the AOT-processed sample did not start within " + START_LIMIT + ":\n" + String.join("\n", LOG));
        }
        if (!started()) {
            fail("the AOT-processed sample exited with " + application.exitValue() + ":\n" + String.join("\n", LOG));
        }
        for (String line : LOG) {
            Matcher socket = SOCKET_LINE.matcher(line);
            if (socket.find()) {
                LOGGED_ENDPOINTS.put(socket.group(1), socket.group(2));
            }
            Matcher port = HTTP_PORT.matcher(line);
            if (port.find()) {
                httpPort = Integer.parseInt(port.group(1));
            }
        }
        assertThat(httpPort).as("HTTP port in the log:\n%s", String.join("\n", LOG)).isPositive();
    }

    /** The endpoint the start-up log shows for the socket {@code name}. */
    private static String endpoint(String name) {
        String endpoint = LOGGED_ENDPOINTS.get(name);
        assertThat(endpoint).as("start-up line of socket '%s' in:\n%s", name, String.join("\n", LOG)).isNotNull();
        return endpoint;
    }

    private static boolean started() {
        return LOG.stream().anyMatch(line -> line.contains("Started MarketDataApplication"));
    }

    @AfterAll
    static void stopIt() throws InterruptedException {
        if (application != null && application.isAlive()) {
            application.destroy(); // SIGTERM: Boot's graceful shutdown, sockets closed with their linger
            if (!application.waitFor(30, TimeUnit.SECONDS)) {
                application.destroyForcibly();
            }
        }
    }

    @Test
    void startsFromTheAotGeneratedInitializerWithEveryConfiguredSocketBound() {
        assertThat(LOG).anyMatch(line -> line.contains("AOT-processed MarketDataApplication"));
        assertThat(LOGGED_ENDPOINTS).containsOnlyKeys("quotes", "prices", "orders", "secure-quotes");
        assertThat(LOGGED_ENDPOINTS.values()).allSatisfy(endpoint -> assertThat(endpoint).matches("tcp://127\\.0\\.0\\.1:[1-9][0-9]*"));
    }

    @Test
    void healthListsTheEndpointsTheSocketsAreBoundTo() {
        JsonNode zmq = Http.getJson(httpPort, "/actuator/health/zmq");
        assertThat(zmq.get("status").asString()).isEqualTo("UP");
        JsonNode sockets = zmq.get("details").get("sockets");
        for (String name : List.of("quotes", "prices", "orders", "secure-quotes")) {
            JsonNode endpoints = sockets.get(name).get("endpoints");
            assertThat(endpoints.size()).as("%s endpoints in %s", name, zmq).isEqualTo(1);
            assertThat(endpoints.get(0).asString()).as(name).isEqualTo(endpoint(name));
        }
    }

    @Test
    void aListenerOnTheRepSocketAnswersAPyzmqRequest() {
        PythonClients.Run run = PythonClients.run("quote.py", "GLOBEX", "--endpoint", endpoint("quotes"));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode quote = Http.parse(run.lines().get(0));
        assertThat(quote.get("symbol").asString()).isEqualTo("GLOBEX");
        assertThat(quote.get("ask").decimalValue()).isGreaterThan(quote.get("bid").decimalValue());
    }

    @Test
    void aListenerOnThePullSocketTakesAPyzmqOrder() {
        long before = Http.getJson(httpPort, "/orders/stats").get("accepted").asLong();
        PythonClients.Run run = PythonClients.run("order.py", "ACME", "BUY", "10", "--endpoint", endpoint("orders"));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> Http.getJson(httpPort, "/orders/stats").get("accepted").asLong() > before);
    }

    @Test
    void theTemplatePublishesTicksThatAPyzmqSubscriberReceives() {
        PythonClients.Run run = PythonClients.run("prices.py", "INITECH", "--count", "3", "--endpoint", endpoint("prices"));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.lines()).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("INITECH {"));
    }
}
