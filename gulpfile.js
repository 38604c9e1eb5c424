// Copies node and credential icons next to the compiled files, where `icon: 'file:…'` looks for them.
const path = require('path');
const { task, src, dest } = require('gulp');

function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest(path.resolve('dist')));
}

task('build:icons', copyIcons);
