package io.monocoque.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The IDE metadata the build generates lists every property with its description and default. */
class ConfigurationMetadataTests {

    @Test
    void everyPropertyHasADescription() throws Exception {
        Map<String, JsonNode> properties = properties();
        assertThat(properties).containsKeys("monocoque.io-threads", "monocoque.transport", "monocoque.sockets",
                "monocoque.listener.concurrency", "monocoque.listener.auto-startup", "monocoque.listener.linger",
                "monocoque.template.reply-timeout");
        properties.forEach((name, p) -> assertThat(p.path("description").asString("")).as(name).isNotBlank());
    }

    @Test
    void everySocketPropertyIsListedWithItsDefault() throws Exception {
        Map<String, JsonNode> properties = properties();
        assertListed(properties, "monocoque.sockets.*.", new MonocoqueProperties.Socket());
        assertListed(properties, "monocoque.sockets.*.plain.", new MonocoqueProperties.Plain());
        assertListed(properties, "monocoque.sockets.*.curve.", new MonocoqueProperties.Curve());
    }

    private static void assertListed(Map<String, JsonNode> properties, String prefix, Object defaults) throws Exception {
        for (PropertyDescriptor d : Introspector.getBeanInfo(defaults.getClass()).getPropertyDescriptors()) {
            if (d.getWriteMethod() == null) {
                continue;
            }
            String name = prefix + d.getName().replaceAll("([A-Z])", "-$1").toLowerCase();
            assertThat(properties).as("metadata for " + name).containsKey(name);
            assertThat(properties.get(name).path("description").asString("")).as(name).isNotBlank();
            Object value = d.getReadMethod().invoke(defaults);
            boolean hasDefault = value != null && !(value instanceof Collection<?> c && c.isEmpty()) && !(value instanceof Map<?, ?> m && m.isEmpty());
            assertThat(properties.get(name).has("defaultValue")).as("default of " + name).isEqualTo(hasDefault);
        }
    }

    @Test
    void socketTypesAreOfferedAsValues() throws Exception {
        JsonNode hints = metadata().get("hints");
        assertThat(hints.toString()).contains("monocoque.sockets.*.type").contains("\"router\"").contains("\"xsub\"");
    }

    @Test
    void theTypeHintsOfferEverySocketTypeTheEngineHasAndNoOther() throws Exception {
        java.util.List<String> offered = new java.util.ArrayList<>();
        for (JsonNode hint : metadata().get("hints")) {
            if (hint.get("name").asString().equals("monocoque.sockets.*.type")) {
                hint.get("values").forEach(v -> offered.add(v.get("value").asString()));
            }
        }
        assertThat(offered).as("add a hint when the engine gains a socket type").containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(io.monocoque.zmq.SocketType.values()).map(t -> t.name().toLowerCase(java.util.Locale.ROOT)).toList());
        String description = properties().get("monocoque.sockets.*.type").get("description").asString();
        for (String type : offered) {
            assertThat(description).as("the type description names " + type).containsPattern("\\b" + type + "\\b");
        }
    }

    @Test
    void theOptionsMapOffersExactlyTheOptionNamesItTakesEachWithADescription() throws Exception {
        JsonNode keys = null;
        for (JsonNode hint : metadata().get("hints")) {
            if (hint.get("name").asString().equals("monocoque.sockets.*.options.keys")) {
                keys = hint.get("values");
            }
        }
        assertThat(keys).as("key hints for monocoque.sockets.*.options").isNotNull();
        java.util.List<String> offered = new java.util.ArrayList<>();
        for (JsonNode v : keys) {
            offered.add(v.get("value").asString());
            assertThat(v.path("description").asString("")).as(v.get("value").asString()).startsWith("ZMQ_");
        }
        assertThat(offered).as("regenerate the hints when an option is added").isEqualTo(NamedSocketOptions.offered());
    }

    private static Map<String, JsonNode> properties() throws Exception {
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode p : metadata().get("properties")) {
            byName.put(p.get("name").asString(), p);
        }
        return byName;
    }

    private static JsonNode metadata() throws Exception {
        try (InputStream in = ConfigurationMetadataTests.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata").isNotNull();
            return JsonMapper.builder().build().readTree(in);
        }
    }

}
