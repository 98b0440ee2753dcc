package io.monocoque.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.support.ZmqHeaderFrameMapper;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.support.MessageBuilder;

import tools.jackson.databind.json.JsonMapper;

class ZmqJacksonConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MonocoqueAutoConfiguration.class));

    @Test
    void theHeaderFrameMapperWritesJsonAsTheApplicationsJsonMapperIsConfigured() {
        runner.withPropertyValues("spring.jackson.serialization.indent-output=true").run(context -> {
            ZmqHeaderFrameMapper mapper = context.getBean(ZmqHeaderFrameMapper.class);
            byte[] frame = mapper.toFrame(MessageBuilder.withPayload("p").setHeader("app", "x").build());
            assertThat(new String(frame, StandardCharsets.UTF_8)).contains("\n").contains("\"app\" : \"x\"");
            assertThat(mapper.readHeaders(frame)).containsEntry("app", "x");
        });
    }

    @Test
    void anApplicationsOwnHeaderFrameMapperWins() {
        ZmqHeaderFrameMapper own = new ZmqHeaderFrameMapper("app_*");
        runner.withBean(ZmqHeaderFrameMapper.class, () -> own)
                .run(context -> assertThat(context.getBean(ZmqHeaderFrameMapper.class)).isSameAs(own));
    }

    @Test
    void theTemplatesTypeIdHeaderWithoutJacksonStopsStartUpSayingWhatToAdd() {
        runner.withClassLoader(new FilteredClassLoader(JsonMapper.class)).withPropertyValues("monocoque.template.type-id-header=true")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("monocoque.template.type-id-header")
                            .hasMessageContaining("no (single) ZmqHeaderFrameMapper bean");
                });
    }

    @Test
    void withoutJacksonThereIsNoHeaderFrameMapper() {
        runner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ZmqHeaderFrameMapper.class));
    }
}
