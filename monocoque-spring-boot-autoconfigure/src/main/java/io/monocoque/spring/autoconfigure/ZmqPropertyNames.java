package io.monocoque.spring.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.beans.BeanUtils;

/**
 * The valid names under {@code monocoque.*}, read from {@link MonocoqueProperties} and its nested
 * classes, and the valid name nearest to one that is not (a misspelling such as
 * {@code recieve-timeout}).
 */
final class ZmqPropertyNames {

    private static final String ROOT = "monocoque";

    private ZmqPropertyNames() {
    }

    /** What a name resolves to: where it stops being valid, and the names valid there. */
    record Resolution(String validPrefix, String unknownSegment, List<String> candidates) {

        /** The valid name nearest to the unknown one, or {@code null} when none is close. */
        String nearest() {
            String best = null;
            int bestDistance = Integer.MAX_VALUE;
            for (String c : candidates) {
                // a name cut short or run on (secret for secret-key) is as near as one typo
                int d = c.startsWith(unknownSegment) || unknownSegment.startsWith(c) ? 1 : distance(unknownSegment, c);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c;
                }
            }
            return best != null && bestDistance <= Math.max(2, unknownSegment.length() / 3) ? validPrefix + "." + best : null;
        }

        /** Every name valid at that place, e.g. {@code [bind, connect, type...]}. */
        String valid() {
            return candidates.stream().sorted().collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /**
     * Walks {@code name} (uniform form, e.g. {@code monocoque.sockets.orders.recieve-timeout})
     * through the property classes to its first segment that names nothing.
     */
    static Resolution resolve(String name) {
        String[] segments = name.split("\\.");
        Class<?> type = MonocoqueProperties.class;
        StringBuilder prefix = new StringBuilder(ROOT);
        int i = 1;
        while (i < segments.length) {
            String segment = segments[i].replaceAll("\\[\\d+]$", "");
            PropertyDescriptor property = properties(type).stream().filter(p -> kebab(p.getName()).equals(segment)).findFirst().orElse(null);
            if (property == null) {
                return new Resolution(prefix.toString(), segment, properties(type).stream().map(p -> kebab(p.getName())).toList());
            }
            prefix.append('.').append(segments[i]);
            i++;
            Class<?> value = property.getPropertyType();
            if (Map.class.isAssignableFrom(value)) {
                Class<?> element = mapValueType(property.getReadMethod());
                if (i < segments.length) {
                    prefix.append('.').append(segments[i]); // the map key: any name
                    i++;
                }
                if (element == null || !nested(element)) {
                    return null; // a free-form map (metadata, users): every key is valid
                }
                type = element;
            } else if (nested(value)) {
                type = value;
            } else {
                return null; // a leaf with a value: the name is valid
            }
        }
        return null;
    }

    private static boolean nested(Class<?> type) {
        return type.getName().startsWith(MonocoqueProperties.class.getName()) && !type.isEnum();
    }

    private static List<PropertyDescriptor> properties(Class<?> type) {
        List<PropertyDescriptor> list = new ArrayList<>();
        for (PropertyDescriptor p : BeanUtils.getPropertyDescriptors(type)) {
            if (p.getReadMethod() != null && !p.getName().equals("class")
                    && (p.getWriteMethod() != null || nested(p.getPropertyType()))) {
                list.add(p);
            }
        }
        list.sort(Comparator.comparing(PropertyDescriptor::getName));
        return list;
    }

    private static Class<?> mapValueType(Method getter) {
        Type generic = getter.getGenericReturnType();
        if (generic instanceof ParameterizedType p && p.getActualTypeArguments().length == 2
                && p.getActualTypeArguments()[1] instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }

    /** Levenshtein distance: the number of single-character edits from {@code a} to {@code b}. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
