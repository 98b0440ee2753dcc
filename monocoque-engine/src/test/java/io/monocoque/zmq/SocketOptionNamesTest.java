package io.monocoque.zmq;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Options can be found by their configuration names, which are unique and kebab-case. */
class SocketOptionNamesTest {

    @Test
    void everyPublicOptionIsListedOnceAndFoundByItsName() throws Exception {
        List<Object> declared = new java.util.ArrayList<>();
        for (Field f : SocketOption.class.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers()) && Modifier.isStatic(f.getModifiers()) && f.getType() == SocketOption.class) {
                declared.add(f.get(null));
            }
        }
        assertThat(declared).hasSizeGreaterThan(20);
        assertThat(SocketOption.all()).containsExactlyInAnyOrderElementsOf(declared.stream().map(o -> (SocketOption<?>) o).toList());
        for (SocketOption<?> option : SocketOption.all()) {
            assertThat(SocketOption.forName(option.name())).containsSame(option);
            assertThat(option.name()).as("kebab-case").matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
        }
        assertThat(SocketOption.all()).extracting(SocketOption::name).isSorted();
    }

    @Test
    void anUnknownNameFindsNothing() {
        assertThat(SocketOption.forName("no-such-option")).isEmpty();
        assertThat(SocketOption.forName("SEND_HIGH_WATER_MARK")).as("the Java constant's name is not the option's").isEmpty();
        assertThat(SocketOption.forName("send-high-water-mark")).containsSame(SocketOption.SEND_HIGH_WATER_MARK);
    }

    @Test
    void theListCannotBeChanged() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SocketOption.all().add(SocketOption.LINGER))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
