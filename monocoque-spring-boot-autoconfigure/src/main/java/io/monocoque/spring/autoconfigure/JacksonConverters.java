package io.monocoque.spring.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.util.MimeTypeUtils;

import tools.jackson.databind.json.JsonMapper;

/** The JSON converter, in a class of its own so that nothing loads Jackson when it is absent. */
final class JacksonConverters {

    private JacksonConverters() {
    }

    /** JSON with the application's {@code JsonMapper} (as Spring Boot configures it), else a default one. */
    static MessageConverter jsonConverter(ListableBeanFactory beanFactory) {
        JsonMapper mapper = beanFactory.getBeanProvider(JsonMapper.class).getIfUnique(() -> JsonMapper.builder().build());
        JacksonJsonMessageConverter converter = new JacksonJsonMessageConverter(mapper, MimeTypeUtils.APPLICATION_JSON);
        // ZeroMQ frames carry no content type: a frame with none is taken for JSON
        converter.setStrictContentTypeMatch(false);
        return converter;
    }
}
