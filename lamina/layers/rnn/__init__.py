"""Recurrent layers: the generic RNN over a cell, SimpleRNN / LSTM / GRU and their cells,
stacked cells, and the Bidirectional and TimeDistributed wrappers."""
