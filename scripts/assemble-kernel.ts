// WebAssembly text → binary with wabt, shared by the build script and the drift test.
import wabt from "wabt";

export async function assembleKernel(text: string): Promise<Uint8Array> {
  const module = (await wabt()).parseWat("batch-means.wat", text);
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
