package io.monocoque.spring.support.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of the receiving side: {@code zmq.listener} around each {@code @ZmqListener}
 * call, a {@link ZmqReceiverContext}. Replace its convention with a
 * {@link ZmqListenerObservationConvention} bean.
 */
public enum ZmqListenerObservation implements ObservationDocumentation {

    /** One listener call: payload conversion, the method, and the reply it returns. */
    LISTENER_OBSERVATION {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultZmqListenerObservationConvention.class;
        }

        @Override
        public String getPrefix() {
            return "zmq.";
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return ListenerKeys.values();
        }
    };

    /** Low-cardinality keys of {@code zmq.listener}. */
    public enum ListenerKeys implements KeyName {

        /** The listener's id. */
        LISTENER_ID {
            @Override
            public String asString() {
                return "zmq.listener.id";
            }
        },

        /** The socket's name. */
        SOCKET {
            @Override
            public String asString() {
                return "zmq.socket";
            }
        },

        /** The socket's type as the listener sees it ({@code PULL}, {@code REP}, {@code SUB}…). */
        SOCKET_TYPE {
            @Override
            public String asString() {
                return "zmq.socket.type";
            }
        },

        /** {@code success} or {@code failure} (the listener threw). */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        }
    }
}
