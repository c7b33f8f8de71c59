/**
 * @polygrad/core/data — datasets, loaders, samplers, normalisation and MNIST
 * parsing. Browser-safe; the Node file reader is `@polygrad/core/data/node`.
 */

export { ClassBalancedBatchSampler, type ClassBalancedOptions } from './class-balanced-batch-sampler.js';
export { DataLoader, type DataLoaderOptions } from './data-loader.js';
export { type BatchDataset, type Dataset, isBatchDataset } from './dataset.js';
export { encodeIdx, type IdxArray, type IdxData, type IdxType, isGzip, parseIdx } from './idx.js';
export { type MnistFromArraysOptions, type MnistTensors, mnistFromArrays } from './mnist.js';
export { Normalize, type NormalizeOptions } from './normalize.js';
export { type BatchSampler, RandomSampler, type Sampler, SequentialSampler } from './sampler.js';
export { Subset } from './subset.js';
export { TensorDataset } from './tensor-dataset.js';
export { type TrainTestIndices, type TrainTestSplitOptions, trainTestSplit } from './train-test-split.js';
