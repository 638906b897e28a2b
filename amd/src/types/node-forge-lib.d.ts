// node-forge's own files, imported one by one (amd/src/forge_keys-lazy.ts) so that the bundle holds only what it uses.
// lib/forge is the namespace object the others fill in as they load; it has node-forge's types.

declare module 'node-forge/lib/forge' {
    import forge from 'node-forge';
    export default forge;
}

