/** MNIST's training-set pixel mean and standard deviation on the [0, 1] scale (torchvision's values). */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;
