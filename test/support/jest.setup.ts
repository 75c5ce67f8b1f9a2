// CJS libraries that require() ESM packages while Jest builds its module graph
// fail with "Cannot require() ES Module … in a cycle" unless those ESM
// packages are loaded first.
import 'reflect-metadata';
import '@nestjs/common';
import '@nestjs/core';
import 'jose';
