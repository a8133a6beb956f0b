// The strict saddle f(x, y) = (x² − y²)/2 + y⁴/4: a saddle at the origin (Hessian
// diag(1, −1), so the unstable direction y has rate λ = 1) and minima at (0, ±1).
// Gradient descent started on the stable manifold y = 0 keeps y = 0 exactly and
// slides into the saddle; only noise can push it off.

/** The rate of the unstable direction: −(the Hessian's negative eigenvalue) at the origin. */
export const SADDLE_LAMBDA = 1;

export const saddleLoss = (x: number, y: number): number => (x * x - y * y) / 2 + (y * y * y * y) / 4;

/** ∂f/∂x = x. */
export const saddleGradientX = (x: number): number => x;

/** ∂f/∂y = −y + y³ (independent of x, so the escape of y does not depend on where x is). */
export const saddleGradientY = (y: number): number => y * y * y - y;
