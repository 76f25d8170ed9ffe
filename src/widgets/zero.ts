/**
 * Theory values D_ℓ at or below this are zeros of the exact spectrum (parity, or the
 * vanishing odd coefficients of ReLU-like maps) that float64 evaluation leaves at rounding
 * level (~1e-17); the widgets draw them as zeros, not as points on a log axis.
 */
export const ZERO_FLOOR = 1e-13;
