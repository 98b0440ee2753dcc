package io.monocoque.samples.marketdata;

import io.monocoque.zmq.ZmqSocket;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample application in a JVM of its own, as {@link FrameBombTests} starts it (with a small
 * heap), reporting on stdout what a test in another JVM cannot see: a line
 * {@code endpoint <socket> <endpoint>} per ZeroMQ socket, {@code http <port>} and
 * {@code max-heap <bytes>}, then
 * {@code ready}, then {@code event <socket> <type> <reason>} for every monitor event of every
 * socket. On {@code heap} from stdin it answers {@code heap <bytes in use after a full GC>};
 * when stdin closes it stops the application and exits.
 */
public final class MonitoredMarketDataProcess {

    private MonitoredMarketDataProcess() {
    }

    public static void main(String[] args) throws Exception {
        ConfigurableApplicationContext context = SpringApplication.run(MarketDataApplication.class, args);
        Map<String, ZmqSocket> sockets = context.getBeansOfType(ZmqSocket.class);
        sockets.forEach((name, socket) -> {
            socket.monitor(e -> say("event " + name + " " + e.type() + " " + e.reason()));
            say("endpoint " + name + " " + socket.lastEndpoint());
        });
        say("http " + context.getEnvironment().getProperty("local.server.port"));
        say("max-heap " + Runtime.getRuntime().maxMemory());
        say("ready");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null;) {
                if (line.equals("heap")) {
                    say("heap " + usedHeapAfterGc());
                }
            }
        }
        context.close();
        System.exit(0);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
