"""ConvLSTM3D: the 3D convolutional LSTM layer."""

from __future__ import annotations

from lamina.layers.rnn.conv_lstm import ConvLSTM


class ConvLSTM3D(ConvLSTM):
    """3D convolutional LSTM (Shi et al., 2015): an LSTM whose input and recurrent
    transformations are convolutions over volumes.

    Each step computes `z = conv(x_t, kernel) + conv_same(h, recurrent_kernel) + bias`, splits
    it along the channels into the gates `i, f, c, o` and updates `c` and `h` as an LSTM does.
    The input convolution uses `strides`, `padding` and `dilation_rate`; the recurrent one has
    stride 1 and "same" padding. Weights in Keras's layout (so they move between lamina and
    Keras): `kernel` `(depth, rows, cols, in_channels, 4 * filters)`, `recurrent_kernel`
    `(depth, rows, cols, filters, 4 * filters)`, `bias` `(4 * filters,)`.

    Args:
        filters: Channels of the output and of both states; a positive int.
        kernel_size: Window size: an int or a tuple of 3 ints.
        strides: Step of the input convolution: an int or a tuple of 3 ints. Cannot exceed 1
            together with `dilation_rate`.
        padding: Padding of the input convolution: "valid" or "same" (case-insensitive).
        data_format: "channels_last" (`(batch, time, depth, rows, cols, channels)`) or
            "channels_first" (`(batch, time, channels, depth, rows, cols)`); None uses
            `lamina.config.image_data_format()`.
        dilation_rate: Gap between the input kernel's taps: an int or a tuple of 3 ints.
        activation: Activation of the candidate and of the output (default "tanh").
        recurrent_activation: Activation of the gates (default "sigmoid").
        use_bias: Whether to learn a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: Weight initializers
            (default "glorot_uniform", "orthogonal", "zeros").
        unit_forget_bias: Whether the forget gate's bias starts at 1 (Jozefowicz et al., 2015).
        kernel_regularizer, recurrent_regularizer, bias_regularizer, activity_regularizer:
            Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout: Fraction of the inputs dropped while training (one mask per gate and
            sequence).
        recurrent_dropout: Fraction of the previous output dropped while training.
        seed: Seed of the dropout masks.
        return_sequences: Whether to return every step's output, not only the last.
        return_state: Whether to also return the final states `h` and `c`.
        go_backwards: Whether to read the sequence from its end (outputs in that order).
        stateful: Whether each batch starts from the previous batch's final states.

    Call arguments: `sequences`; optional `initial_state` `[h, c]` (each shaped like one
    step's output), `mask` `(batch, time)` (masked steps keep the states) and `training`.

    Input shape: `(batch, time, depth, rows, cols, channels)` ("channels_last") or
    `(batch, time, channels, depth, rows, cols)` ("channels_first"), with known spatial sizes.
    Output shape: `(batch, new_depth, new_rows, new_cols, filters)` or
    `(batch, filters, new_depth, new_rows, new_cols)`; with `return_sequences`, a time axis after
    the batch axis; with `return_state`, `(output, h, c)`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.ConvLSTM3D(4, 3, padding="same", name="conv_lstm_example")
        >>> lamina.ops.shape(layer(lamina.ops.ones((1, 2, 4, 4, 4, 3))))
        (1, 4, 4, 4, 4)
        >>> [(w.path, w.shape) for w in layer.weights][0]
        ('conv_lstm_example/conv_lstm_cell/kernel', (3, 3, 3, 3, 16))
    """

    rank = 3
