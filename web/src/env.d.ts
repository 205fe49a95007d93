/// <reference types="vite/client" />
declare const __ACCRUE_VERSION__: string;
