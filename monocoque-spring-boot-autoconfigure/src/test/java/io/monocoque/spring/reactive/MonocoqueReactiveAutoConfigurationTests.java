package io.monocoque.spring.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.spring.autoconfigure.MonocoqueAutoConfiguration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import reactor.core.publisher.Flux;

class MonocoqueReactiveAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonocoqueAutoConfiguration.class, MonocoqueReactiveAutoConfiguration.class));

    @Test
    void withReactorThereIsAReactiveTemplate() {
        runner.run(context -> assertThat(context).hasSingleBean(ReactiveZmqTemplate.class));
    }

    @Test
    void withoutReactorThereIsNone() {
        runner.withClassLoader(new FilteredClassLoader(Flux.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ReactiveZmqTemplate.class));
    }

    @Test
    void anApplicationsOwnReactiveTemplateWins() {
        runner.withBean("own", ReactiveZmqTemplate.class, () -> new ReactiveZmqTemplate(null, null, null))
                .run(context -> assertThat(context).hasSingleBean(ReactiveZmqTemplate.class).hasBean("own"));
    }
}
