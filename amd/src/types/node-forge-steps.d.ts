// Forge's stepped key generation (lib/rsa.js), which @types/node-forge does not declare. The import makes this file
// a module, so the block below adds to node-forge's types instead of replacing them.
import 'node-forge';

declare module 'node-forge' {
    namespace pki {
        namespace rsa {
            interface KeyPairGenerationState {
                keys: KeyPair;
            }
            function createKeyPairGenerationState(bits: number, e: number): KeyPairGenerationState;
            function stepKeyPairGenerationState(state: KeyPairGenerationState, n: number): boolean;
        }
    }
}
