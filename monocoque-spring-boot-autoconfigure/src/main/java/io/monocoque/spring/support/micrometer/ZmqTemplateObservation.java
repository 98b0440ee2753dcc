package io.monocoque.spring.support.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the sending side: {@code zmq.template} around each {@code ZmqTemplate}
 * send and request, {@code zmq.outbound} around each message of a Spring Integration outbound
 * channel adapter or gateway. Both are {@link ZmqSenderContext}s with the same low-cardinality
 * keys; replace their conventions with a {@link ZmqTemplateObservationConvention} bean (template)
 * or {@link ZmqOutboundObservationConvention} (adapters and gateways).
 */
public enum ZmqTemplateObservation implements ObservationDocumentation {

    /** A {@code ZmqTemplate} send ({@code zmq.operation=send}) or request/reply ({@code request}). */
    TEMPLATE_OBSERVATION {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultZmqTemplateObservationConvention.class;
        }

        @Override
        public String getPrefix() {
            return "zmq.";
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return SenderKeys.values();
        }
    },

    /** A message of a Spring Integration outbound channel adapter (send) or gateway (request). */
    OUTBOUND_OBSERVATION {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultZmqOutboundObservationConvention.class;
        }

        @Override
        public String getPrefix() {
            return "zmq.";
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return KeyName.merge(SenderKeys.values(), new KeyName[] {OutboundKeys.COMPONENT});
        }
    };

    /** Low-cardinality keys of both sending observations. */
    public enum SenderKeys implements KeyName {

        /** The socket's name. */
        SOCKET {
            @Override
            public String asString() {
                return "zmq.socket";
            }
        },

        /** The socket's type ({@code PUSH}, {@code REQ}, {@code DEALER}…). */
        SOCKET_TYPE {
            @Override
            public String asString() {
                return "zmq.socket.type";
            }
        },

        /** {@code send} or {@code request}. */
        OPERATION {
            @Override
            public String asString() {
                return "zmq.operation";
            }
        },

        /** {@code success}, {@code timeout} or {@code failure}. */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        }
    }

    /** The extra low-cardinality key of {@code zmq.outbound}. */
    public enum OutboundKeys implements KeyName {

        /** The Spring Integration component's name. */
        COMPONENT {
            @Override
            public String asString() {
                return "spring.integration.name";
            }
        }
    }
}
